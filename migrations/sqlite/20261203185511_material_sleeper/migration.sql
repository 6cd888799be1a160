ALTER TABLE `drift_findings` ADD `changed_by` text;--> statement-breakpoint
ALTER TABLE `drift_findings` ADD `changed_at` text;--> statement-breakpoint
ALTER TABLE `drift_findings` ADD `change` text;