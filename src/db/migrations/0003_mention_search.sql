-- One search vector per mention, in the mention's language (PostgreSQL's stemmer and stop words for
-- it, 'simple' when the language is unknown), instead of that vector plus a 'simple' one: half the
-- text parsing and fewer index entries for every stored mention. Searches analyze the words in
-- every language instead (parley_search_query), so exact words and their other forms still match
-- whatever the mention's language.
ALTER TABLE "mentions" drop column "search";--> statement-breakpoint
ALTER TABLE "mentions" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector(parley_ts_config(lang), coalesce(title, '') || ' ' || text)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "mentions_search_idx" ON "mentions" USING gin ("search");--> statement-breakpoint
CREATE AGGREGATE parley_tsquery_or(tsquery) (SFUNC = tsquery_or, STYPE = tsquery);--> statement-breakpoint
-- The words of a web-style search (quotes, OR, -word) analyzed by every built-in text search
-- configuration, OR-ed: a mention matches when the search matches in its own language.
CREATE FUNCTION parley_search_query(q text) RETURNS tsquery
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN (SELECT parley_tsquery_or(websearch_to_tsquery(c.oid::regconfig, q)) FROM pg_ts_config c WHERE c.cfgnamespace = 'pg_catalog'::regnamespace);
