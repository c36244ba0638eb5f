-- The blind index moves from a row per term (journal_search_terms) onto the entry's own row: two
-- arrays, the tokens and their weights in the same order, with a GIN index over the tokens. Writing a
-- short entry inserted seven term rows, each into two B-trees and with a foreign-key check on the
-- entry; it now writes one row and adds to the GIN index's pending list. PostgreSQL alone wrote such
-- entries 2.0-2.2x faster, four to a transaction (docs/PERFORMANCE.md, issue 15's sixteenth step).
-- A secret entry has no tokens (its words stay out of the index); an entry whose tokens are NULL has
-- not been indexed yet, and its journal grain indexes it when it activates.
ALTER TABLE journal_entries
    ADD COLUMN search_tokens  bytea[],
    ADD COLUMN search_weights smallint[],
    ADD CONSTRAINT journal_entries_search_terms CHECK (
        (search_tokens IS NULL) = (search_weights IS NULL)
        AND cardinality(search_tokens) = cardinality(search_weights)
        AND (secret_tag_id IS NULL OR search_tokens IS NULL));

-- Tokens in byte order: the arrays say nothing of the order of the words in the text.
UPDATE journal_entries e SET search_tokens = t.tokens, search_weights = t.weights
FROM (
    SELECT entry_id, array_agg(token ORDER BY token) AS tokens, array_agg(weight ORDER BY token) AS weights
    FROM journal_search_terms GROUP BY entry_id
) t
WHERE t.entry_id = e.id;

DROP TABLE journal_search_terms;

-- A search asks for the entries whose tokens contain all of the query's.
CREATE INDEX journal_entries_search_tokens_idx ON journal_entries USING gin (search_tokens);
