CREATE TABLE `alert_deliveries` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`channel` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` text,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`dedup_key` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`delivered_at` text
);
--> statement-breakpoint
CREATE TABLE `alert_settings` (
	`tenant_id` text PRIMARY KEY,
	`channels_json` text NOT NULL,
	`mode` text DEFAULT 'immediate' NOT NULL,
	`renewal_days` integer DEFAULT 30 NOT NULL,
	`last_digest_on` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_deliveries_status_ix` ON `alert_deliveries` (`tenant_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `alert_events_dedup_uq` ON `alert_events` (`tenant_id`,`dedup_key`);