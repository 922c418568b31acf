import type { TFunction } from 'i18next';

const TYPE_KEYS: Record<string, string> = {
  'AWS:Application': 'inventory.types.application',
  'AWS:InstanceInformation': 'inventory.types.instanceInformation',
  'AWS:Network': 'inventory.types.network',
  'AWS:Service': 'inventory.types.service',
  'AWS:WindowsUpdate': 'inventory.types.windowsUpdate',
  'AWS:Tag': 'inventory.types.tag',
  'AWS:File': 'inventory.types.file',
  'AWS:AWSComponent': 'inventory.types.awsComponent',
};

/** "Application" for AWS:Application; a type main knows and we do not reads as its own name, without "AWS:". */
export function typeLabel(t: TFunction, typeName: string): string {
  const key = TYPE_KEYS[typeName];
  return key ? t(key) : typeName.replace(/^AWS:/, '');
}
