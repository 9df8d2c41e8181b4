import { PlusOutlined } from '@ant-design/icons';
import { LIMITS } from '@rp/contract';
import { App, Upload, type UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, upload } from '../../app/api';
import type { Uploaded } from './issue-types';

export const MAX_PHOTOS = 9;

/**
 * Photos for a form field whose value is the list of upload ids: each picked image goes through POST /uploads
 * (multipart `file`) with its progress shown, and the id the server answers is what the form sends.
 */
export function PhotoUpload({
  value,
  onChange,
  id,
  testId,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  id?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<Uploaded>[]>([]);
  const emitted = useRef<string[]>([]);
  const emit = (list: UploadFile<Uploaded>[]) => {
    emitted.current = list.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id);
    onChange?.(emitted.current);
  };
  // A form reset (the value emptied from outside) clears the pictures too.
  useEffect(() => {
    if (!value?.length && emitted.current.length) {
      emitted.current = [];
      setFiles([]);
    }
  }, [value]);

  return (
    <div data-testid={testId}>
      <Upload<Uploaded>
        id={id}
        accept="image/jpeg,image/png,image/webp,image/gif"
        listType="picture-card"
        multiple
        fileList={files}
        maxCount={MAX_PHOTOS}
        beforeUpload={(file) => {
          if (file.size > LIMITS.uploadBytes) {
            message.error(t('issues.photoTooLarge', { mb: LIMITS.uploadBytes / 1024 / 1024 }));
            return Upload.LIST_IGNORE;
          }
          if (!file.type.startsWith('image/')) {
            message.error(t('err.imageType'));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onProgress, onSuccess, onError }) => {
          upload<Uploaded>('/api/v1/uploads', file as File, { onProgress: (percent) => onProgress?.({ percent }) })
            .then((res) => onSuccess?.(res))
            .catch((e: unknown) => {
              message.error(e instanceof ApiError ? e.problem.title : String(e));
              onError?.(e instanceof Error ? e : new Error(String(e)));
            });
        }}
        onChange={({ fileList }) => {
          const list = fileList.map((f) =>
            f.status === 'done' && f.response ? { ...f, url: f.response.url, thumbUrl: f.response.url } : f,
          );
          setFiles(list);
          emit(list);
        }}
        onRemove={() => true}
      >
        {files.length >= MAX_PHOTOS ? null : (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
            <PlusOutlined aria-hidden />
            <div style={{ marginTop: 8 }}>{t('issues.addPhoto')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}
