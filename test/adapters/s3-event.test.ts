import t from 'tap';
import { decodeS3Key, jobsFromS3Event } from '../../src/adapters/aws/s3-event.js';
import { s3EventBody } from '../helpers/s3-to-sqs.js';

t.test('S3 notification keys are URL-decoded with + as space', async (t) => {
  t.equal(decodeS3Key('originals/u/my+photo%2B1.jpg'), 'originals/u/my photo+1.jpg');
  t.equal(decodeS3Key('originals/user_1/abc-DEF'), 'originals/user_1/abc-DEF');
});

t.test('jobs come only from created originals', async (t) => {
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/U1/P1', 1)), [{ userId: 'U1', photoId: 'P1', key: 'originals/U1/P1' }]);
  t.same(
    jobsFromS3Event(s3EventBody('b', 'originals/U1/P1', 1, 'ObjectCreated:CompleteMultipartUpload')).length,
    1,
    'multipart uploads too',
  );
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/U1/P1', 1, 'ObjectRemoved:Delete')), []);
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/../etc/passwd', 1)), [], 'odd keys are ignored');
  t.same(jobsFromS3Event(s3EventBody('b', 'originals/U1/P1/extra', 1)), []);
  t.same(jobsFromS3Event('{"Event":"s3:TestEvent"}'), []);
  t.same(jobsFromS3Event('{'), []);
});
