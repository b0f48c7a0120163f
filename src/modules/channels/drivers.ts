// Loads every channel driver, so that whoever sends (the inbox.send_message job) finds them all in the
// registry. A new channel adds its import here.
import './email/email-driver.js';
import './listening/listening-driver.js';
import './webchat/webchat-driver.js';
import './x/x-driver.js';
import './telegram/telegram-driver.js';
import './whatsapp/whatsapp-driver.js';
import './meta/send-messenger-driver.js';
import './meta/send-instagram-driver.js';

export {};
