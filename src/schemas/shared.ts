import { Album } from './album.js';
import { ApiKey } from './api-key.js';
import { ErrorBody } from './common.js';
import { DuplicatePhoto, Photo } from './photo.js';
import { CreatedShare, Share } from './share.js';
import { TrashedPhoto } from './trash.js';

/** The schemas routes refer to by $ref; they appear under their own names in /openapi.json. */
export const SHARED_SCHEMAS = [ErrorBody, DuplicatePhoto, Photo, TrashedPhoto, Share, CreatedShare, ApiKey, Album];
