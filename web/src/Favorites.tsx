import { listLibrary } from './library-api.js';
import { PhotoCollection } from './PhotoCollection.js';

const fetchFavorites = (cursor: string | null) => listLibrary({ favorite: true, order: 'taken' }, cursor);

export function Favorites({ openPhotoId }: { openPhotoId: string | null }) {
  return (
    <>
      <h2 class="page-title">Favourites</h2>
      <PhotoCollection
        listKey="favorites"
        fetchPage={fetchFavorites}
        label="Your favourites"
        grouped
        openPhotoId={openPhotoId}
        keeps={(photo) => photo.favorite}
        empty={<p class="hint">No favourites yet. Open a photo and press ♡.</p>}
      />
    </>
  );
}
