/** Schemas of the deployment checks: the compatibility report, the check-deployment job and a version's deployment record. */
import { z } from "zod";

export const checkDeploymentPayloadSchema = z.object({ versionId: z.uuid() });

export const compatibilityReportSchema = z.object({
  versionId: z.uuid(),
  compatible: z.boolean(),
  problems: z.array(z.object({ check: z.string(), message: z.string() })),
  checked: z.array(z.string()),
});

export const deploymentEventSchema = z.object({
  id: z.number().int(),
  action: z.enum(["promotion_blocked", "health_check", "auto_rollback"]),
  at: z.date(),
  healthy: z.boolean().nullable(),
  rolledBack: z.boolean().nullable(),
  /** Why: the first failed health step, or the refusal. */
  reason: z.string().nullable(),
  restoredVersion: z.number().int().nullable(),
  problems: z.array(z.object({ check: z.string(), message: z.string() })),
  steps: z.array(z.object({ step: z.string(), ok: z.boolean(), detail: z.string() })),
});
export const deploymentEventsOutputSchema = z.array(deploymentEventSchema);
