import { useCallback, useState } from 'preact/hooks';
import { deleteForGood, eachAtMost, emptyTrash, listTrash, restoreFromTrash, type TrashedPhoto } from './library-api.js';
import { PhotoGrid } from './PhotoGrid.js';
import { usePhotoList } from './photo-list.js';
import { useSelection } from './selection.js';

const daysLeft = (purgeAt: string) => Math.max(0, Math.ceil((new Date(purgeAt).getTime() - Date.now()) / 86_400_000));

/** Photos moved to the trash, until they go for good: restore them, delete them now, or empty it. */
export function Trash() {
  const fetchPage = useCallback((cursor: string | null) => listTrash(cursor), []);
  const list = usePhotoList<TrashedPhoto>('trash', fetchPage);
  const selection = useSelection(list.items.map((p) => p.photoId));
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'selected' | 'all' | null>(null);
  const ids = [...selection.selected];
  const plural = (n: number) => `${n} photo${n === 1 ? '' : 's'}`;
  const act = async (work: (id: string) => Promise<unknown>, done: (n: number) => string) => {
    const gone: string[] = [];
    const failed = await eachAtMost(ids, async (id) => {
      await work(id);
      gone.push(id);
    });
    list.remove(gone);
    selection.forget(gone);
    setMessage(done(gone.length) + (failed ? ` ${plural(failed)} could not be changed.` : ''));
  };

  return (
    <>
      <h2 class="page-title">Trash</h2>
      <p class="hint">Photos in the trash are deleted for good after 30 days. Select photos to restore them.</p>
      <div class="selection-bar" role="toolbar" aria-label="Trash">
        {ids.length > 0 && (
          <>
            <span class="count">{ids.length} selected</span>
            <button type="button" onClick={() => act(restoreFromTrash, (n) => `Restored ${plural(n)}.`)}>
              Restore
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming('selected');
              }}
            >
              Delete for good
            </button>
          </>
        )}
        {list.items.length > 0 && (
          <button
            type="button"
            onClick={() => {
              setConfirming('all');
            }}
          >
            Empty trash
          </button>
        )}
        {confirming && (
          <span role="group" aria-label="Confirm deleting for good">
            {confirming === 'all' ? 'Delete everything in the trash for good?' : `Delete ${plural(ids.length)} for good?`}{' '}
            <button
              type="button"
              class="danger"
              ref={(b) => b?.focus()}
              onClick={async () => {
                setConfirming(null);
                if (confirming === 'selected') await act(deleteForGood, (n) => `Deleted ${plural(n)} for good.`);
                else {
                  await emptyTrash().then(
                    () => {
                      list.reload();
                      selection.clear();
                      setMessage('The trash is empty.');
                    },
                    (err: unknown) => {
                      setMessage((err as Error).message);
                    },
                  );
                }
              }}
            >
              Yes, delete for good
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                setConfirming(null);
              }}
            >
              Keep
            </button>
          </span>
        )}
        {message && (
          <p role="status" class="bar-message">
            {message}
          </p>
        )}
      </div>
      {list.error && (
        <p role="alert" class="error">
          {list.error}
        </p>
      )}
      <PhotoGrid
        label="Photos in the trash"
        items={list.items}
        grouped={false}
        selected={selection.selected}
        onPick={selection.pick}
        onPickGroup={selection.pickGroup}
        onOpen={null}
        caption={(p) => `${daysLeft(p.purgeAt)} days left`}
        onNearEnd={() => void list.loadMore()}
      />
      {!list.loading && list.exhausted && list.items.length === 0 && !list.error && <p class="hint">The trash is empty.</p>}
    </>
  );
}
