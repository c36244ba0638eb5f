-- A refresh token replaced by a graced retry of its parent is "superseded", which is not the same as
-- "used": a superseded token was never exchanged by its holder, so presenting it at any time is reuse
-- (docs/ACCOUNTS.md). Until now a superseded token was marked used at its parent's first use, which
-- left it exchangeable within the retry grace and let a session grow a second chain.
ALTER TABLE refresh_tokens ADD COLUMN superseded_at timestamptz;

-- Those tokens are recognisable: they were issued by the exchange they were marked used at, in the
-- same statement's timestamp, while a token its holder exchanged was used after it was issued.
UPDATE refresh_tokens SET superseded_at = used_at, used_at = NULL WHERE used_at = issued_at;
