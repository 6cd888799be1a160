CREATE INDEX `adjustments_log_ix` ON `adjustments` (`tenant_id`,`status`,coalesce("posted_at", "updated_at"));--> statement-breakpoint
CREATE INDEX `adjustments_posted_ix` ON `adjustments` (`tenant_id`,`status`,`posted_at`);--> statement-breakpoint
CREATE INDEX `adjustments_created_ix` ON `adjustments` (`tenant_id`,`status`,`created_at`);