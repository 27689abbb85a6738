"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";

/** Promote a version / roll the model back (analyst). Both invalidate every models query on success. */
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

export function RollbackButton({ modelId }: { modelId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rollback = useMutation(trpc.models.rollback.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() }) }));
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant="danger" disabled={rollback.isPending} onClick={() => rollback.mutate({ modelId })} data-testid="rollback">
        Roll back to previous champion
      </Button>
      {rollback.error && <span className="text-xs text-red-600" data-testid="rollback-error">{rollback.error.message}</span>}
    </span>
  );
}
