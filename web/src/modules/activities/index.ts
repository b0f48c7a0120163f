// Tasks, notes with @mentions and notifications: what other screens embed from this module.
export { ContactNotes } from './contact-notes';
export { ContactTasks } from './contact-tasks';
export { NotificationsBell } from './notifications-bell';
export { NoteBody } from './note-body';
export type { ActivityTarget, AppNotification, Note, Task } from './api';
