import { LibraryBrowser } from '@/components/LibraryBrowser';

export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { film } = await searchParams;
  return <LibraryBrowser film={typeof film === 'string' ? film : null} />;
}
