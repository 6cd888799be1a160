ALTER TABLE [drift_findings] ADD [changed_by] nvarchar(256);--> statement-breakpoint
ALTER TABLE [drift_findings] ADD [changed_at] nvarchar(64);--> statement-breakpoint
ALTER TABLE [drift_findings] ADD [change] nvarchar(1000);