using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CustomerService.Tests.Infrastructure;

/// <summary>What a person can do to a rendered form before submitting it; anything else fails the test.</summary>
internal static class RenderedForm
{
    /// <summary>Applies the changes to <paramref name="form"/> and returns the button that submits it (a named one, or the default button, as pressing Enter does).</summary>
    public static IHtmlElement? Apply(IHtmlFormElement form, Form changes)
    {
        IHtmlElement? submitter = null;
        foreach (var change in changes.GroupBy(c => c.Key))
        {
            var name = change.Key;
            var values = change.Select(c => c.Value).ToList();
            var fields = form.Elements.Where(e => e.GetAttribute("name") == name).ToList();
            Assert.True(fields.Count > 0, $"The form has no field named '{name}' (it has: {string.Join(", ", Names(form))}).");

            var buttons = fields.Where(IsSubmitButton).Cast<IHtmlElement>().ToList();
            var boxes = fields.OfType<IHtmlInputElement>().Where(i => i.Type == "checkbox").ToList();
            var radios = fields.OfType<IHtmlInputElement>().Where(i => i.Type == "radio").ToList();
            var typed = fields.Where(e => e is IHtmlTextAreaElement or IHtmlSelectElement ||
                                          e is IHtmlInputElement { Type: not ("checkbox" or "radio" or "hidden" or "submit" or "button" or "image" or "reset") }).ToList();
            if (buttons.Count > 0)
            {
                submitter = buttons.FirstOrDefault(b => ValueOf(b) == values.Single());
                Assert.True(submitter is not null, $"No '{name}' button has the value '{values.Single()}'.");
            }
            else if (boxes.Count > 0)
            {
                // A lone ASP.NET checkbox takes "true"/"false"; a group takes the values to tick, the rest untick.
                if (boxes.Count == 1 && values is ["true" or "false"] && boxes[0].Value == "true")
                {
                    boxes[0].IsChecked = values[0] == "true";
                    continue;
                }
                foreach (var value in values)
                    Assert.True(boxes.Any(b => b.Value == value), $"No '{name}' box has the value '{value}'.");
                foreach (var box in boxes) box.IsChecked = values.Contains(box.Value);
            }
            else if (radios.Count > 0)
            {
                var chosen = radios.FirstOrDefault(r => r.Value == values.Single());
                Assert.True(chosen is not null, $"No '{name}' radio button has the value '{values.Single()}' (offered: {string.Join(", ", radios.Select(r => r.Value))}).");
                foreach (var radio in radios) radio.IsChecked = radio == chosen;
            }
            else if (typed.Count == 1)
            {
                switch (typed[0])
                {
                    case IHtmlSelectElement select:
                        Assert.True(select.Options.Any(o => o.Value == values.Single()), $"The '{name}' list offers no '{values.Single()}'.");
                        select.Value = values.Single();
                        break;
                    case IHtmlTextAreaElement area:
                        area.Value = values.Single();
                        break;
                    case IHtmlInputElement input:
                        input.Value = values.Single();
                        break;
                }
            }
            else
            {
                Assert.Fail($"'{name}' is not a field a person can change (hidden, or rendered {fields.Count} times).");
            }
        }
        return submitter ?? form.Elements.Where(IsSubmitButton).Cast<IHtmlElement>().FirstOrDefault();
    }

    private static bool IsSubmitButton(IElement e) =>
        e is IHtmlButtonElement { Type: "submit" } || e is IHtmlInputElement { Type: "submit" or "image" };

    private static string? ValueOf(IHtmlElement button) => button switch
    {
        IHtmlButtonElement b => b.Value,
        IHtmlInputElement i => i.Value,
        _ => null,
    };

    private static IEnumerable<string> Names(IHtmlFormElement form) =>
        form.Elements.Select(e => e.GetAttribute("name")).OfType<string>().Where(n => n != "__RequestVerificationToken").Distinct();
}
