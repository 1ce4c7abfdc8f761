import { DetectLabelsCommand, DetectModerationLabelsCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import type { Label } from '../../domain/photo.js';
import type { LabelResult, Labeler } from '../../ports/labeler.js';

const round = (n: number | undefined) => Math.round((n ?? 0) * 10) / 10;

/** Rekognition's DetectLabels for the library, DetectModerationLabels to keep flagged photos from being shared. */
export class RekognitionLabeler implements Labeler {
  constructor(
    private readonly rekognition: RekognitionClient,
    private readonly options = { maxLabels: 20, minConfidence: 70, minModerationConfidence: 60 },
  ) {}

  async label(image: Buffer): Promise<LabelResult> {
    const [labels, moderation] = await Promise.all([
      this.rekognition.send(
        new DetectLabelsCommand({
          Image: { Bytes: image },
          MaxLabels: this.options.maxLabels,
          MinConfidence: this.options.minConfidence,
        }),
      ),
      this.rekognition.send(
        new DetectModerationLabelsCommand({ Image: { Bytes: image }, MinConfidence: this.options.minModerationConfidence }),
      ),
    ]);
    const toLabels = (items: { Name?: string; Confidence?: number }[] | undefined): Label[] =>
      (items ?? []).flatMap((l) => (l.Name ? [{ name: l.Name, confidence: round(l.Confidence) }] : []));
    return { labels: toLabels(labels.Labels), moderation: toLabels(moderation.ModerationLabels) };
  }
}
