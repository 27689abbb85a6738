import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, type TRPCLink } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { observable } from "@trpc/server/observable";
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TRPCProvider } from "@/components/providers/trpc";
import type { AppRouter } from "@/server/trpc/root";
import { RollbackButton } from "./champion-actions";

const MODEL_ID = "7d1f0e52-4c4b-4d7e-9a55-1d0f6f3c2a10";

/** Renders the button with models.previousChampion already answered (`undefined`: not answered yet). */
function render(previous: { id: string; version: number } | null | undefined): { html: string; requests: string[] } {
  const requests: string[] = [];
  // A static render runs no effects, so nothing should reach the link; it records what would.
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      requests.push(op.path);
      observer.error(new Error(`unexpected request ${op.path}`) as never);
    });
  const trpcClient = createTRPCClient<AppRouter>({ links: [link] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  if (previous !== undefined) {
    const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
    queryClient.setQueryData(trpc.models.previousChampion.queryKey({ modelId: MODEL_ID }), previous);
  }
  const html = renderToStaticMarkup(
    h(QueryClientProvider, { client: queryClient }, h(TRPCProvider, { trpcClient, queryClient, children: h(RollbackButton, { modelId: MODEL_ID }) })),
  );
  return { html, requests };
}

describe("RollbackButton", () => {
  it("is hidden when the champion has no predecessor to roll back to", () => {
    expect(render(null).html).toBe("");
  });

  it("is hidden until the server has said where a rollback would go", () => {
    expect(render(undefined).html).toBe("");
  });

  it("names the version a rollback restores", () => {
    const { html, requests } = render({ id: "0b7c4c8e-2f1a-4b8e-8c1d-5e6f7a8b9c0d", version: 3 });
    expect(html).toContain('data-testid="rollback"');
    expect(html).toMatch(/<button[^>]*>Roll back to v3<\/button>/);
    expect(requests).toEqual([]);
  });
});
