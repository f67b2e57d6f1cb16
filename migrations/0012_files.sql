CREATE TABLE `files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`public_id` text NOT NULL,
	`application_id` integer NOT NULL,
	`item` text NOT NULL,
	`size` integer NOT NULL,
	`type` text NOT NULL,
	`content_hash` text NOT NULL,
	`key_enc` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`staff_id` integer,
	`idempotency_key` text,
	`request_hash` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_public_id` ON `files` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `files_content` ON `files` (`application_id`,`item`,`content_hash`);--> statement-breakpoint
CREATE INDEX `files_idempotency` ON `files` (`application_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `material_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`item` text NOT NULL,
	`staff_id` integer NOT NULL,
	`requested_at` integer NOT NULL,
	`received_at` integer,
	`closed_at` integer
);
--> statement-breakpoint
CREATE INDEX `material_requests_application` ON `material_requests` (`application_id`,`item`);