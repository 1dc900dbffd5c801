import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExportFile } from '../use-cases/ports';

export type { ExportFile };

/** The exports bucket: indicator files written by the nightly job, certificate PDFs. */
export function createExportsBucket(s3: S3Client, bucket: string) {
  return {
    async put(file: ExportFile): Promise<void> {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: file.key,
          Body: file.body,
          ContentType: file.contentType,
          ContentDisposition: `attachment; filename="${file.filename}"`,
        }),
      );
    },

    /** A file's bytes, or undefined when there is no such file. */
    async find(key: string): Promise<Uint8Array | undefined> {
      try {
        const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await result.Body?.transformToByteArray();
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },

    async getText(key: string): Promise<string | undefined> {
      try {
        const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await result.Body?.transformToString('utf-8');
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
  };
}

export type ExportsBucket = ReturnType<typeof createExportsBucket>;
