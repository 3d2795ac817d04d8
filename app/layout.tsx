import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Stillroom',
  description: 'Browse and curate the frames of a moviegoer film library.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="masthead">
          <a href="/" className="wordmark">
            Stillroom
          </a>
          <span className="tagline">frames of your film library</span>
        </header>
        {children}
      </body>
    </html>
  );
}
