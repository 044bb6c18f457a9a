// Storage volumes as the catalogue keeps them (server/StorageVolumeMgr.java and
// storagevolume/StorageVolume.java): where a shared-data cluster puts its tables' data.

export interface StorageVolumeMeta {
  /** StarRocks' storage volume ids are StarOS file store keys, UUID strings. */
  id: string;
  name: string;
  /** TYPE = ...; this engine reaches object stores over S3 only. */
  type: 'S3';
  locations: string[];
  /** The PROPERTIES as given (merged with ALTER ... SET), without "enabled". */
  params: Record<string, string>;
  enabled: boolean;
  comment: string;
}

export interface StorageVolumeState {
  volumes: StorageVolumeMeta[];
  /** The default volume's id; '' when no volume is the default. */
  defaultId: string;
}
