-- A conversation's events may be checked at commit rather than at once, as its messages' are (0017):
-- an inbound batch records the events of the conversations it opens before it inserts those that
-- wait for a team turn, so that the turns' locks, held to the commit, cover only the last writes
-- (receiveMessages, SET CONSTRAINTS … DEFERRED). Everywhere else the check stays immediate.
ALTER TABLE "conversation_events" ALTER CONSTRAINT "conversation_events_conversation_id_conversations_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
