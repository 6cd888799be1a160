ALTER TABLE [tenants] ADD [marketplace_account_id] nvarchar(64);--> statement-breakpoint
ALTER TABLE [tenants] ADD [aps_resource_id] nvarchar(64);--> statement-breakpoint
ALTER TABLE [tenants] ADD [frame_origins] nvarchar(max);--> statement-breakpoint
ALTER TABLE [users] ADD [must_change_password] int NOT NULL CONSTRAINT [users_must_change_password_default] DEFAULT ((0));