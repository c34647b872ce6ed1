"""The forms of the review, change-request and admin pages: each runs one operation, then shows
its page again, saying what changed or, beside the form, why GraphQL refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.dashboard.execution import run_operation
from app.dashboard.forms import INPUT_CODES, Form
from app.dashboard.rendering import is_htmx, redirect, render

# Refusals shown on the page: wrong input, a state that forbids it, or (on the review pages) a
# rule such as "an author may not approve their own version". Admin forms leave FORBIDDEN out:
# whoever is refused there may not see the page either, and gets the refusal as a page of its own.
ON_PAGE = INPUT_CODES | {"FORBIDDEN", "RATE_LIMITED"}
# Every admin page is this template around its partial, admin/_<admin_page>.html.
ADMIN_PAGE = "admin/page.html"


@dataclass(frozen=True)
class Outcome:
    """What a page shows after one of its forms: the form as posted (`operation` names the form
    that was), with GraphQL's refusals beside its fields, or what changed."""

    operation: str | None = None
    form: Form = field(default_factory=Form)
    notice: str | None = None
    result: dict[str, Any] | None = None  # the operation's answer, for what is shown only once

    def form_for(self, operation: str, **defaults: str) -> Form:
        """The posted form if it was this operation's, else a new one holding `defaults`."""
        return self.form if operation == self.operation else Form(defaults)

    def posted(self, name: str, value: str) -> bool:
        """Whether the posted form is the one of the item whose field `name` holds `value`."""
        return bool(value) and self.form.value(name) == value

    @property
    def status_code(self) -> int:
        return self.form.status_code


ShowPage = Callable[[Request, Outcome], Awaitable[Response]]
Inputs = Callable[[Form], dict[str, Any]]
Done = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class FormPage:
    """A page with forms: `show` draws it, with the outcome of the form just posted, at the route
    named `route`. The refusals in `on_page` are shown on it; others become pages of their own."""

    show: ShowPage
    route: str
    on_page: Collection[str] = ON_PAGE

    async def view(self, request: Request) -> Response:
        """The page as a plain GET asks for it: no form was posted."""
        return await self.show(request, Outcome())

    def action(
        self, operation: str, inputs: Inputs, done: Done, *, shows_result: bool = False
    ) -> PageAction:
        return PageAction(self, operation, inputs, done, shows_result)


@dataclass(frozen=True)
class PageAction:
    """A form of `page` that runs `operation`. `inputs` turns the form into the operation's
    variables, refusing on the form what cannot be sent; `done` says what changed. A plain form is
    redirected to the page after a change (with the form route's path parameters), so that
    reloading posts nothing again, unless the answer holds a secret shown once (`shows_result`)."""

    page: FormPage
    operation: str
    inputs: Inputs
    done: Done
    shows_result: bool = False

    async def view(self, request: Request) -> Response:
        form = await Form.read(request)
        variables = self.inputs(form)
        data = None
        if not form.errors:
            data = await form.submit(request, self.operation, variables, inline=self.page.on_page)
        if data is None:
            return await self.page.show(request, Outcome(self.operation, form))
        if self.shows_result:
            outcome = Outcome(self.operation, Form(), self.done(data), data)
            response = await self.page.show(request, outcome)
            response.headers["cache-control"] = "no-store"
            return response
        if not is_htmx(request):
            path = request.app.url_path_for(self.page.route, **request.path_params)
            return redirect(request, str(path))
        return await self.page.show(request, Outcome(self.operation, notice=self.done(data)))


def page_of(operation: str, page: str, partial: str, **context: Any) -> ShowPage:
    """Draws a page with what `operation` answers, each of its fields a name in the templates,
    and the outcome of its forms."""

    async def show(request: Request, outcome: Outcome) -> Response:
        data = await run_operation(request, operation)
        return render(
            request,
            page,
            partial,
            status_code=outcome.status_code,
            outcome=outcome,
            **data,
            **context,
        )

    return show
