import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AlertEventView } from "@/server/alerts/schemas";
import { AlertInboxView } from "./alert-inbox-view";

const event = (over: Partial<AlertEventView>): AlertEventView => ({
  id: "00000000-0000-4000-8000-000000000001",
  ruleId: "00000000-0000-4000-8000-0000000000aa",
  ruleName: "Coverage",
  metric: "coverage_below_promise",
  scopeKey: "all",
  assetId: null,
  modelId: null,
  value: 14,
  threshold: 5,
  message: "Coverage: demand — 95 % promised, 81 % delivered",
  retrainRunId: null,
  createdAt: new Date("2026-01-01T12:00:00Z"),
  readAt: null,
  ...over,
});

const render = (items: AlertEventView[], unread: number) => renderToStaticMarkup(h(AlertInboxView, { items, unread, onMarkRead: () => {}, onMarkAllRead: () => {} }));

describe("AlertInboxView", () => {
  it("shows the unread count, marks unread events and links a started retraining job", () => {
    const html = render(
      [event({}), event({ id: "00000000-0000-4000-8000-000000000002", readAt: new Date(), retrainRunId: "00000000-0000-4000-8000-0000000000bb" })],
      1,
    );
    expect(html).toMatch(/data-testid="alerts-unread" aria-label="1 unread"/);
    expect(html.match(/data-read="false"/g)).toHaveLength(1);
    expect(html.match(/data-read="true"/g)).toHaveLength(1);
    expect(html).toContain("95 % promised, 81 % delivered");
    expect(html).toContain('href="/jobs/00000000-0000-4000-8000-0000000000bb"');
    expect(html).toContain('data-testid="mark-read-00000000-0000-4000-8000-000000000001"');
    expect(html).not.toContain("mark-read-00000000-0000-4000-8000-000000000002");
  });

  it("says so when there is nothing, and disables mark-all with nothing unread", () => {
    const html = render([], 0);
    expect(html).toContain("No alerts");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Mark all read/);
  });
});
