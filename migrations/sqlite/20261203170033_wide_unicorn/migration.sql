ALTER TABLE `sessions` ADD `role` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `scope` text;