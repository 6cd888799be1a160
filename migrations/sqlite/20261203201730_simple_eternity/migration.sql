ALTER TABLE `adjustments` ADD `estimated_amount_360` real;--> statement-breakpoint
ALTER TABLE `drift_findings` ADD `changed_by` text;--> statement-breakpoint
ALTER TABLE `drift_findings` ADD `changed_at` text;--> statement-breakpoint
ALTER TABLE `drift_findings` ADD `change` text;--> statement-breakpoint
CREATE INDEX `subscription_links_contract_ix` ON `subscription_links` (`tenant_id`,`psa_contract_id`);--> statement-breakpoint
CREATE INDEX `adjustments_service_ix` ON `adjustments` (`tenant_id`,`psa_contract_id`,`psa_service_id`,`effective_date`);--> statement-breakpoint
CREATE INDEX `adjustments_effective_ix` ON `adjustments` (`tenant_id`,`status`,`effective_date`);--> statement-breakpoint
CREATE INDEX `adjustments_names_ix` ON `adjustments` (`tenant_id`,`status`,`odin_account_id`,`odin_subscription_id`);