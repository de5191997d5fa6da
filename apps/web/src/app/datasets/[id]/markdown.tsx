import ReactMarkdown from 'react-markdown';

/**
 * Annotation text as Markdown, safely: raw HTML in the source is dropped (skipHtml, and no
 * rehype-raw), and react-markdown's default URL filter removes javascript: and other unsafe links.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="prose-note text-sm break-words">
      <ReactMarkdown
        skipHtml
        components={{
          a: ({ href, children }) => (
            <a href={href} rel="noopener noreferrer nofollow" target="_blank">
              {children}
            </a>
          ),
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
