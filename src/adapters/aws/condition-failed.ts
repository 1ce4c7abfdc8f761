import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** A conditional write refused because its condition did not hold (by class, or by name across SDK copies). */
export const conditionFailed = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException';

/** What a conditional write answered, or null when its condition did not hold; any other failure is thrown. */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (err) {
    if (conditionFailed(err)) return null;
    throw err;
  }
}

/** Which of a cancelled transaction's writes failed (by position, with their codes), or null for another failure. */
export function cancellationCodes(err: unknown): (string | undefined)[] | null {
  if ((err as { name?: string }).name !== 'TransactionCanceledException') return null;
  return ((err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((reason) =>
    reason.Code === 'None' ? undefined : reason.Code,
  );
}

/** Which of a cancelled transaction's writes failed their condition (by position), or null for another failure. */
export const failedConditions = (err: unknown): boolean[] | null =>
  cancellationCodes(err)?.map((code) => code === 'ConditionalCheckFailed') ?? null;
