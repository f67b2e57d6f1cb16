-- Request hashes written before 0003 are unkeyed SHA-256 of the whole body (names, phone and ID
-- numbers): anyone with a copy of the database could check whether a given person applied.
-- The Worker now writes a keyed HMAC, so these old hashes can no longer match a replay anyway.
UPDATE `applications` SET `request_hash` = NULL;--> statement-breakpoint
UPDATE `volunteers` SET `request_hash` = NULL;--> statement-breakpoint
UPDATE `reports` SET `request_hash` = NULL;
