using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CustomerService.Tests.Infrastructure;

/// <summary>Reading a page as a person does: parsed HTML, entities decoded, whitespace collapsed.</summary>
public static class Html
{
    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static async Task<IDocument> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}.");
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The text of an element as it reads: runs of whitespace made one space, trimmed.</summary>
    public static string Text(this IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The table whose caption reads <paramref name="caption"/>, as rows of cell texts (header cells included).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Table(this IDocument document, string caption)
    {
        var table = document.QuerySelectorAll("table").SingleOrDefault(t => t.QuerySelector("caption")?.Text() == caption);
        Assert.True(table is not null, $"No table captioned '{caption}'; captions: {string.Join(", ", document.QuerySelectorAll("caption").Select(c => c.Text()))}.");
        return table.QuerySelectorAll("tr").Select(r => (IReadOnlyList<string>)r.Children.Select(c => c.Text()).ToList()).ToList();
    }

    /// <summary>The data cell of the row whose header reads <paramref name="header"/>, in a table of two columns.</summary>
    public static string Row(this IReadOnlyList<IReadOnlyList<string>> table, string header)
    {
        var row = table.SingleOrDefault(r => r[0] == header);
        Assert.True(row is not null, $"No row '{header}'; rows: {string.Join(", ", table.Select(r => r[0]))}.");
        return row[1];
    }
}
