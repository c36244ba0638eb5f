-- A search term's entry belongs to the term's user, and the entry's foreign key already removes the
-- term with the entry, and so with the user. The term's second foreign key, to users, guarded nothing
-- more, yet checked and share-locked the user's row once per term of every entry written (seven
-- times for a short entry).
ALTER TABLE journal_search_terms DROP CONSTRAINT journal_search_terms_user_id_fkey;
