ALTER TABLE [sessions] ADD [role] nvarchar(16);--> statement-breakpoint
ALTER TABLE [sessions] ADD [scope] nvarchar(16);