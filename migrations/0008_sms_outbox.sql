CREATE TABLE `sms_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`record_id` integer NOT NULL,
	`reference` text NOT NULL,
	`template` text NOT NULL,
	`phone_enc` text,
	`phone_index` text,
	`message_enc` text,
	`urgent` integer DEFAULT false NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`tries` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` integer,
	`claimed_at` integer,
	`provider` text,
	`provider_message_id` text,
	`sent_at` integer,
	`status_event_id` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sms_outbox_record` ON `sms_outbox` (`kind`,`record_id`,`id`);--> statement-breakpoint
CREATE INDEX `sms_outbox_reference` ON `sms_outbox` (`reference`,`id`);--> statement-breakpoint
CREATE INDEX `sms_outbox_due` ON `sms_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `sms_outbox_phone` ON `sms_outbox` (`phone_index`,`sent_at`);