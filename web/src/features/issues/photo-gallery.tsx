import { Flex, Image } from 'antd';
import { useTranslation } from 'react-i18next';

/** The URL of a stored photo (GET /uploads/:id; the server checks the caller may see it). */
export const photoUrl = (id: string) => `/api/v1/uploads/${id}`;

/** Photos as thumbnails that open a preview; each has a text alternative. */
export function PhotoGallery({ ids, size = 96, label }: { ids: string[]; size?: number; label?: string }) {
  const { t } = useTranslation();
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={8} wrap data-testid="photos">
        {ids.map((id, i) => (
          <Image
            key={id}
            src={photoUrl(id)}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #eee' }}
            alt={t('issues.photoAlt', { what: label ?? t('issues.photos'), n: i + 1 })}
          />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}
