-- A message's conversation may be checked at commit rather than at once: an inbound batch stores its
-- messages before the new threads' conversations, which it writes once, as routing leaves them, after
-- the routing's team turns — whose locks it then holds only for those last writes
-- (receiveMessages, SET CONSTRAINTS … DEFERRED). Everywhere else the check stays immediate.
ALTER TABLE "messages" ALTER CONSTRAINT "messages_conversation_id_conversations_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
