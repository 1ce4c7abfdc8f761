import type { Photo } from './api.js';
import { useWindowFileDrops } from './file-drops.js';
import { isFinished, useUploadQueue, type Upload } from './upload-queue.js';
import './uploader.css';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif,image/heic,image/heif,image/tiff';

const statusOf = (u: Upload): string =>
  ({ queued: 'Waiting…', uploading: 'Uploading…', done: 'Uploaded', cancelled: 'Cancelled', failed: u.error ?? 'Failed' })[
    u.state
  ];

/**
 * Drop photos anywhere on the page, or pick them; each gets a row with its progress, Cancel while it is on its
 * way, Retry when a retryable failure ended it, Dismiss once finished. Uploaded rows fold into a count.
 */
export function Uploader({ onUploaded }: { onUploaded: (photo: Photo) => void }) {
  const queue = useUploadQueue(onUploaded);
  const dragging = useWindowFileDrops((files) => {
    queue.add(files);
  });
  const { items, uploadedCount } = queue;
  const anyFinished = uploadedCount > 0 || items.some(isFinished);

  return (
    <section class="uploader" aria-label="Upload photos">
      <div class={`drop ${dragging ? 'over' : ''}`}>
        <p>Drop photos anywhere on the page, or</p>
        <label class="button">
          Choose photos
          <input
            type="file"
            name="photos"
            accept={ACCEPT}
            multiple
            class="visually-hidden"
            onChange={(e) => {
              queue.add(e.currentTarget.files ?? []);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          <p>Drop photos to upload them</p>
        </div>
      )}
      {items.length > 0 && (
        <ul class="uploads" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow key={item.id} item={item} queue={queue} />
          ))}
        </ul>
      )}
      {anyFinished && (
        <div class="upload-footer">
          {uploadedCount > 0 && (
            <p class="upload-summary" role="status">
              {uploadedCount === 1 ? '1 photo uploaded' : `${uploadedCount} photos uploaded`}
              <button type="button" class="quiet" aria-label="Dismiss the upload summary" onClick={queue.dismissSummary}>
                Dismiss
              </button>
            </p>
          )}
          <button type="button" class="quiet" onClick={queue.clearFinished}>
            Clear finished
          </button>
        </div>
      )}
    </section>
  );
}

function UploadRow({ item, queue }: { item: Upload; queue: ReturnType<typeof useUploadQueue> }) {
  const showBar = item.state === 'queued' || item.state === 'uploading' || item.state === 'done';
  return (
    <li class={`upload ${item.state}`} data-state={item.state}>
      <span class="name">{item.name}</span>
      {showBar && <progress max={1} value={item.progress} aria-label={`Upload of ${item.name}`} />}
      <span class="row-actions">
        {!isFinished(item) && <RowButton action="Cancel" item={item} act={queue.cancel} />}
        {(item.state === 'failed' || item.state === 'cancelled') && item.retryable && (
          <RowButton action="Retry" item={item} act={queue.retry} />
        )}
        {isFinished(item) && <RowButton action="Dismiss" item={item} act={queue.dismiss} />}
      </span>
      <span class="status" role="status">
        {statusOf(item)}
      </span>
    </li>
  );
}

/** A row's button, named with the file's for assistive technology ("Retry a.jpg"). */
function RowButton({ action, item, act }: { action: string; item: Upload; act: (item: Upload) => void }) {
  return (
    <button
      type="button"
      class={`quiet ${action.toLowerCase()}`}
      aria-label={`${action} ${item.name}`}
      onClick={() => {
        act(item);
      }}
    >
      {action}
    </button>
  );
}
