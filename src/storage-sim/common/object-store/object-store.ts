// A repository's objects, through the S3 protocol: keys are relative to the repository location's
// prefix. Files stream from and to disk (never held in memory); the MD5 a repository names its files
// by is computed as the bytes pass, so no file is read twice. Large files go up as multipart
// uploads whose parts are ranges of the file. Failed requests are retried when the failure is
// transient (the SDK cannot replay a file stream, so retries happen here, a part at a time).
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Transform, type Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client, describeConnection, type S3Connection } from './s3-connection.js';
import { objectStoreError, ObjectStoreError } from './object-store-error.js';

const ATTEMPTS = 3;

export interface PutFileOptions {
  /** Files above this size go as multipart uploads (BE config experimental_s3_max_single_part_size). */
  singlePartMaxBytes: number;
  /** The part size of multipart uploads (BE config experimental_s3_min_upload_part_size). */
  partBytes: number;
  signal?: AbortSignal;
  /** Called with each chunk's size as it is sent (progress). */
  onBytes?: (bytes: number) => void;
}

export interface GetFileOptions {
  signal?: AbortSignal;
  /** Awaited before each received chunk is written: where a bandwidth limit applies. */
  pace?: (bytes: number) => Promise<void>;
}

export interface ListedObjects {
  /** Relative keys with their sizes. */
  objects: { key: string; size: number }[];
  /** With a delimiter: the relative "directories" one level below the prefix (ending in the delimiter). */
  prefixes: string[];
}

function hashing(hash: Hash, onBytes?: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      onBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
}

/**
 * A file's bytes (or a range of them) as a request body, hashed as they pass. A failed read (the
 * file removed under the upload) fails the body and so the request: pipe() alone would leave the
 * body open, and the upload waiting for bytes that never come.
 */
function hashedFileBody(path: string, range: { start?: number; end?: number }, hash: Hash, onBytes?: (bytes: number) => void): Transform {
  // Opened here, so a file that is not there fails before any request is made.
  const file = createReadStream(path, { fd: openSync(path, 'r'), ...range, highWaterMark: 1 << 20 });
  const body = hashing(hash, onBytes);
  pipeline(file, body, () => undefined); // a read error destroys the body with it; the request reports it
  return body;
}

export class ObjectStore {
  private readonly client: S3Client;

  constructor(readonly connection: S3Connection) {
    this.client = createS3Client(connection);
  }

  /** The full key of a key relative to the repository location. */
  keyOf(relative: string): string {
    return this.connection.prefix ? `${this.connection.prefix}/${relative}` : relative;
  }

  private where(relative?: string): string {
    return relative === undefined ? describeConnection(this.connection) : `s3a://${this.connection.bucket}/${this.keyOf(relative)}`;
  }

  /** Runs one request, retrying transient failures; errors name what failed and where. */
  private async attempt<T>(what: string, request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let last: ObjectStoreError | undefined;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (signal?.aborted) throw new ObjectStoreError(`${what}: cancelled`, 'COMMON_ERROR');
      try {
        return await request();
      } catch (error) {
        last = objectStoreError(error, what);
        if (!last.retryable || signal?.aborted) throw last;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    throw last!;
  }

  /** Checks the bucket answers with these credentials. */
  async ping(): Promise<void> {
    await this.attempt(`cannot access ${this.where()}`, () => this.client.send(new HeadBucketCommand({ Bucket: this.connection.bucket })));
  }

  async list(relativePrefix: string, delimiter?: string): Promise<ListedObjects> {
    const base = this.keyOf('');
    const result: ListedObjects = { objects: [], prefixes: [] };
    let token: string | undefined;
    do {
      const page = await this.attempt(`listing ${this.where(relativePrefix)}`, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.connection.bucket,
            Prefix: this.keyOf(relativePrefix),
            ...(delimiter ? { Delimiter: delimiter } : {}),
            ...(token ? { ContinuationToken: token } : {}),
          }),
        ),
      );
      for (const object of page.Contents ?? []) result.objects.push({ key: object.Key!.slice(base.length), size: object.Size ?? 0 });
      for (const prefix of page.CommonPrefixes ?? []) result.prefixes.push(prefix.Prefix!.slice(base.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return result;
  }

  /** Writes a small text object; returns its MD5 (hex). */
  async putText(relative: string, text: string, signal?: AbortSignal): Promise<string> {
    const body = Buffer.from(text, 'utf8');
    await this.attempt(`uploading ${this.where(relative)}`, () => this.client.send(new PutObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(relative), Body: body }), { abortSignal: signal }), signal);
    return createHash('md5').update(body).digest('hex');
  }

  async getText(relative: string, signal?: AbortSignal): Promise<{ text: string; md5: string }> {
    return this.attempt(
      `downloading ${this.where(relative)}`,
      async () => {
        const answer = await this.client.send(new GetObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(relative) }), { abortSignal: signal });
        const bytes = Buffer.from(await answer.Body!.transformToByteArray());
        return { text: bytes.toString('utf8'), md5: createHash('md5').update(bytes).digest('hex') };
      },
      signal,
    );
  }

  /** Uploads a file of `size` bytes, streamed; returns the MD5 (hex) of what was sent and the number of parts it went in. */
  async putFile(relative: string, path: string, size: number, options: PutFileOptions): Promise<{ md5: string; parts: number }> {
    if (size > options.singlePartMaxBytes && size > options.partBytes) return this.putMultipart(relative, path, size, options);
    const md5 = await this.attempt(
      `uploading ${this.where(relative)}`,
      async () => {
        const hash = createHash('md5');
        const body = hashedFileBody(path, {}, hash, options.onBytes);
        await this.client.send(new PutObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(relative), Body: body, ContentLength: size }), { abortSignal: options.signal });
        return hash.digest('hex');
      },
      options.signal,
    );
    return { md5, parts: 1 };
  }

  private async putMultipart(relative: string, path: string, size: number, options: PutFileOptions): Promise<{ md5: string; parts: number }> {
    const key = this.keyOf(relative);
    const created = await this.attempt(`starting a multipart upload of ${this.where(relative)}`, () =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.connection.bucket, Key: key }), { abortSignal: options.signal }),
    );
    const uploadId = created.UploadId!;
    try {
      // Parts go one after another so the file's MD5 can be computed in order as its bytes pass;
      // a retried part starts again from a copy of the digest taken before it.
      let hash = createHash('md5');
      const parts: { PartNumber: number; ETag: string }[] = [];
      for (let start = 0, number = 1; start < size; start += options.partBytes, number++) {
        const end = Math.min(size, start + options.partBytes);
        const etag = await this.attempt(
          `uploading part ${number} of ${this.where(relative)}`,
          async () => {
            const partHash = hash.copy();
            const body = hashedFileBody(path, { start, end: end - 1 }, partHash, options.onBytes);
            const answer = await this.client.send(
              new UploadPartCommand({ Bucket: this.connection.bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: body, ContentLength: end - start }),
              { abortSignal: options.signal },
            );
            hash = partHash;
            return answer.ETag!;
          },
          options.signal,
        );
        parts.push({ PartNumber: number, ETag: etag });
      }
      await this.attempt(`completing the multipart upload of ${this.where(relative)}`, () =>
        this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.connection.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), { abortSignal: options.signal }),
      );
      return { md5: hash.digest('hex'), parts: parts.length };
    } catch (error) {
      // Frees the stored parts where the store supports it; some S3-compatible stores do not.
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.connection.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  /** Downloads an object into a file, streamed; returns the MD5 (hex) and size of what arrived. */
  async getToFile(relative: string, path: string, options: GetFileOptions = {}): Promise<{ md5: string; size: number }> {
    return this.attempt(
      `downloading ${this.where(relative)}`,
      async () => {
        const answer = await this.client.send(new GetObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(relative) }), { abortSignal: options.signal });
        const hash = createHash('md5');
        let size = 0;
        const file = await open(path, 'w');
        try {
          for await (const chunk of answer.Body as Readable) {
            const bytes = chunk as Buffer;
            if (options.pace) await options.pace(bytes.length);
            hash.update(bytes);
            size += bytes.length;
            await file.write(bytes);
          }
          await file.sync();
        } finally {
          await file.close();
        }
        return { md5: hash.digest('hex'), size };
      },
      options.signal,
    );
  }

  /** An object's size; a missing object is a NOT_FOUND ObjectStoreError naming it. */
  async size(relative: string, signal?: AbortSignal): Promise<number> {
    const answer = await this.attempt(
      `reading ${this.where(relative)}`,
      () => this.client.send(new HeadObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(relative) }), { abortSignal: signal }),
      signal,
    );
    return answer.ContentLength ?? 0;
  }

  /** An object's bytes as a stream, for readers that consume it as it arrives (Broker Load). */
  async openRead(relative: string, signal?: AbortSignal): Promise<Readable> {
    const answer = await this.attempt(
      `reading ${this.where(relative)}`,
      () => this.client.send(new GetObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(relative) }), { abortSignal: signal }),
      signal,
    );
    return answer.Body as Readable;
  }

  /** S3 has no rename: a copy, then the source is deleted. */
  async rename(from: string, to: string, signal?: AbortSignal): Promise<void> {
    await this.attempt(`renaming ${this.where(from)} to ${this.where(to)}`, () =>
      this.client.send(
        new CopyObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(to), CopySource: encodeURI(`${this.connection.bucket}/${this.keyOf(from)}`) }),
        { abortSignal: signal },
      ),
      signal,
    );
    await this.delete(from, signal);
  }

  async delete(relative: string, signal?: AbortSignal): Promise<void> {
    await this.attempt(`deleting ${this.where(relative)}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.connection.bucket, Key: this.keyOf(relative) }), { abortSignal: signal }), signal);
  }

  destroy(): void {
    this.client.destroy();
  }
}
