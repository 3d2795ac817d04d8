import { Browser } from '@/components/browser/Browser';
import { SearchProvider } from '@/components/search/SearchContext';

/**
 * Prerendered as a static shell; the browser reads its whole state from the
 * URL once in the client (see docs/ui.md).
 */
export default function Home() {
  return (
    <SearchProvider>
      <Browser />
    </SearchProvider>
  );
}
