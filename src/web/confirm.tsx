import { CsrfField } from './forms.tsx';

/** A yes/no page before something that cannot be undone. */
export function ConfirmPage(props: { heading: string; message: string; action: string; button: string; cancelHref: string; csrfToken: string }) {
  return (
    <section>
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <form method="post" action={props.action} class="actions">
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="danger">{props.button}</button>
        <a href={props.cancelHref}>Cancel</a>
      </form>
    </section>
  );
}
