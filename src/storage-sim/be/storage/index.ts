// The BE's tablet storage: what the rest of the engine imports.
export { TabletStore, type SnapshotRequest, type TabletInfo, type TabletStoreOptions } from './tablet-store.js';
export { TabletWriter, type RowOp, type WriterOptions } from './tablet-writer.js';
export type { AggregationType, CreateTabletRequest, KeysType, RowsetMeta, StorageColumn, TabletSchema } from './tablet-meta.js';
export type { RowsetFileInfo } from './rowset-format.js';
export type { SnapshotInfo, SnapshotMeta } from './snapshot-meta.js';
export { SNAPSHOT_META_FILE, readSnapshotMeta } from './snapshot-meta.js';
export type { DiskUsage } from './disk-usage.js';
export { CorruptRowsetFile, StorageError, TabletExists, TabletNotFound, VersionsNotAvailable } from './storage-errors.js';
export { RowsetFileReader } from './rowset-file-reader.js';
export { RowsetFileWriter } from './rowset-file-writer.js';
export { checksummedLength, verifyRowsetFile } from './rowset-verify.js';
