import { useT } from '../i18n.tsx';

/**
 * "Show more" under a list the API pages with a cursor ({ items, nextCursor }): the next page is
 * fetched only when asked, and the button goes away on the last one.
 */
export function MoreButton({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): unknown };
}) {
  const tr = useT();
  if (!query.hasNextPage) return null;
  return (
    <p className="more">
      <button type="button" disabled={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
        {tr.t(query.isFetchingNextPage ? 'console-loading' : 'console-more')}
      </button>
    </p>
  );
}
