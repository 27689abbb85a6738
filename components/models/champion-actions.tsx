"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";

/**
 * Promote a version / roll the model back (analyst). Both invalidate every models query on success, so the
 * rollback button re-asks where a rollback would go.
 */
export function PromoteButton({ versionId, disabled }: { versionId: string; disabled?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const promote = useMutation(trpc.models.promote.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() }) }));
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="secondary" disabled={disabled || promote.isPending} onClick={() => promote.mutate({ versionId })} data-testid={`promote-${versionId}`}>
        Promote
      </Button>
      {promote.error && <span className="text-xs text-red-600">{promote.error.message}</span>}
    </span>
  );
}

/**
 * Shown only when there is a champion to go back to (models.previousChampion): a model whose champion was
 * promoted with no predecessor has nowhere to roll back to, and the button would only earn a 409.
 */
export function RollbackButton({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const previous = useQuery(trpc.models.previousChampion.queryOptions({ modelId }));
  const rollback = useMutation(trpc.models.rollback.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() }) }));
  if (!previous.data) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="danger" disabled={rollback.isPending} onClick={() => rollback.mutate({ modelId })} data-testid="rollback">
        Roll back to v{previous.data.version}
      </Button>
      {rollback.error && <span className="text-xs text-red-600" data-testid="rollback-error">{rollback.error.message}</span>}
    </span>
  );
}
