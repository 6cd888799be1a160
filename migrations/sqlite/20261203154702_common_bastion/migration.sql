ALTER TABLE `tenants` ADD `marketplace_account_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `aps_resource_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `frame_origins` text;--> statement-breakpoint
ALTER TABLE `users` ADD `must_change_password` integer DEFAULT 0 NOT NULL;