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
