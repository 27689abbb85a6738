"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";

/**
 * Promote a version / roll the model back (analyst). Both invalidate every models query on success, so the
 * rollback button re-asks where a rollback would go.
 */
/** A button that asks once more before it acts: the first click shows what will happen and Confirm / Cancel. */
function Confirming({ label, question, onConfirm, disabled, variant, testId }: { label: ReactNode; question: string; onConfirm: () => void; disabled?: boolean; variant: "secondary" | "danger"; testId: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button size="sm" variant={variant} disabled={disabled} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </Button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2 text-xs" role="group" aria-label={question}>
      <span className="text-zinc-600 dark:text-zinc-300">{question}</span>
      <Button
        size="sm"
        variant={variant}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={`${testId}-confirm`}
      >
        Confirm
      </Button>
      <Button size="sm" variant="secondary" onClick={() => setAsking(false)} data-testid={`${testId}-cancel`}>
        Cancel
      </Button>
    </span>
  );
}

export function PromoteButton({ versionId, disabled }: { versionId: string; disabled?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const promote = useMutation(trpc.models.promote.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() }) }));
  return (
    <span className="inline-flex items-center gap-2">
      <Confirming
        label="Promote"
        question="Serve this version for the model from now on?"
        variant="secondary"
        disabled={disabled || promote.isPending}
        onConfirm={() => promote.mutate({ versionId })}
        testId={`promote-${versionId}`}
      />
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
      <Confirming
        label={`Roll back to v${previous.data.version}`}
        question={`Serve v${previous.data.version} again in place of this champion?`}
        variant="danger"
        disabled={rollback.isPending}
        onConfirm={() => rollback.mutate({ modelId })}
        testId="rollback"
      />
      {rollback.error && <span className="text-xs text-red-600" data-testid="rollback-error">{rollback.error.message}</span>}
    </span>
  );
}
