import { countUnreadAlerts, listInbox, markAlertsRead } from "@/server/alerts/alert-inbox";
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from "@/server/alerts/alert-rules";
import { listDeliveries } from "@/server/alerts/list-deliveries";
import {
  alertRuleIdInput,
  alertRuleSchema,
  createAlertRuleInput,
  createdWebhookEndpointSchema,
  createWebhookEndpointInput,
  listAlertRulesOutput,
  listDeliveriesInput,
  listDeliveriesOutput,
  listInboxInput,
  listInboxOutput,
  listWebhookEndpointsOutput,
  markReadInput,
  markReadOutput,
  unreadCountOutput,
  updateAlertRuleInput,
  webhookEndpointIdInput,
} from "@/server/alerts/schemas";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints } from "@/server/alerts/webhook-endpoints";
import { adminProcedure, analystProcedure, router, viewerProcedure } from "../init";

/** Rules and the delivery log for analysts, webhook endpoints (they hold secrets) for admins, the inbox for everyone. */
export const alertsRouter = router({
  listRules: analystProcedure.output(listAlertRulesOutput).query(({ ctx }) => listAlertRules(ctx.db)),
  createRule: analystProcedure
    .input(createAlertRuleInput)
    .output(alertRuleSchema)
    .mutation(({ ctx, input }) => createAlertRule(ctx.db, { input, userId: ctx.user.id })),
  updateRule: analystProcedure
    .input(updateAlertRuleInput)
    .output(alertRuleSchema)
    .mutation(({ ctx, input }) => updateAlertRule(ctx.db, { input, userId: ctx.user.id })),
  deleteRule: analystProcedure
    .input(alertRuleIdInput)
    .output(alertRuleIdInput)
    .mutation(({ ctx, input }) => deleteAlertRule(ctx.db, { id: input.id, userId: ctx.user.id })),

  listEndpoints: analystProcedure.output(listWebhookEndpointsOutput).query(({ ctx }) => listWebhookEndpoints(ctx.db)),
  createEndpoint: adminProcedure
    .input(createWebhookEndpointInput)
    .output(createdWebhookEndpointSchema)
    .mutation(({ ctx, input }) => createWebhookEndpoint(ctx.db, { input, userId: ctx.user.id })),
  deleteEndpoint: adminProcedure
    .input(webhookEndpointIdInput)
    .output(webhookEndpointIdInput)
    .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx.db, { id: input.id, userId: ctx.user.id })),

  deliveries: analystProcedure
    .input(listDeliveriesInput)
    .output(listDeliveriesOutput)
    .query(({ ctx, input }) => listDeliveries(ctx.db, input)),

  inbox: viewerProcedure
    .input(listInboxInput)
    .output(listInboxOutput)
    .query(({ ctx, input }) => listInbox(ctx.db, { userId: ctx.user.id, ...input })),
  unreadCount: viewerProcedure.output(unreadCountOutput).query(async ({ ctx }) => ({ unread: await countUnreadAlerts(ctx.db, { userId: ctx.user.id }) })),
  markRead: viewerProcedure
    .input(markReadInput)
    .output(markReadOutput)
    .mutation(({ ctx, input }) => markAlertsRead(ctx.db, { userId: ctx.user.id, ...("all" in input ? { all: true } : { ids: input.ids }) })),
});
