import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { ExportsIndicator } from '@/components/export/ExportsIndicator';
// In cascade order: later sheets may override earlier ones at equal specificity.
import './globals.css';
import '@/components/shared.css';
import '@/components/filters/filters.css';
import '@/components/browser/browser.css';
import '@/components/results/results.css';
import '@/components/grid/grid.css';
import '@/components/table/table.css';
import '@/components/frame/frame.css';
import '@/components/curation/curation.css';
import '@/components/export/export.css';

export const metadata: Metadata = {
  title: 'Stillroom',
  description: 'Browse and curate the frames of a moviegoer film library.',
};

export const viewport: Viewport = { colorScheme: 'dark', themeColor: '#0f0f11' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#results">
          Skip to results
        </a>
        <header className="masthead">
          <a href="/" className="wordmark">
            Stillroom
          </a>
          <span className="tagline">frames of your film library</span>
          <ExportsIndicator />
        </header>
        {children}
      </body>
    </html>
  );
}
