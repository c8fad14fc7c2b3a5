using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Vonage.PublishKit.Testing.Tests.Docs;

/// <summary>
/// Keeps docs/testing.md honest: every C# block in it is marked with the name of a snippet in this folder,
/// and is that snippet to the character, so the code the guide shows is code that compiles and passes.
/// </summary>
public partial class DocsSnippetTests
{
    private static readonly string Root = FindRepositoryRoot();

    public static TheoryData<string> SnippetNames => new(Snippets().Keys);

    [Theory]
    [MemberData(nameof(SnippetNames))]
    public void TestingGuide_ShowsEachSnippetExactly(string name)
    {
        var documented = DocumentedSnippets();

        Assert.True(documented.ContainsKey(name), $"docs/testing.md has no block marked <!-- snippet: {name} -->.");
        Assert.Equal(Snippets()[name], documented[name]);
    }

    [Fact]
    public void TestingGuide_HasNoCodeThatIsNotASnippet()
    {
        var markdown = File.ReadAllText(Path.Combine(Root, "docs", "testing.md"));
        var blocks = Regex.Count(markdown, "```csharp");

        Assert.Equal(blocks, DocumentedSnippets().Count);
        Assert.All(DocumentedSnippets().Keys, name => Assert.Contains(name, Snippets().Keys));
    }

    private static Dictionary<string, string> Snippets()
    {
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        var folder = Path.Combine(Root, "tests", "Vonage.PublishKit.Testing.Tests", "Docs");
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs"))
        {
            foreach (Match match in SnippetInCode().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                snippets.Add(match.Groups["name"].Value, Dedent(match.Groups["body"].Value));
            }
        }

        return snippets;
    }

    private static Dictionary<string, string> DocumentedSnippets() =>
        SnippetInMarkdown().Matches(File.ReadAllText(Path.Combine(Root, "docs", "testing.md")).ReplaceLineEndings("\n"))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value.TrimEnd('\n'), StringComparer.Ordinal);

    private static string Dedent(string body)
    {
        var lines = body.TrimEnd('\n', ' ').Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vonage.PublishKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Vonage.PublishKit.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^[ \t]*// snippet: (?<name>[\w-]+)\n(?<body>.*?)^[ \t]*// end-snippet", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SnippetInCode();

    [GeneratedRegex(@"<!-- snippet: (?<name>[\w-]+) -->\n```csharp\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetInMarkdown();
}
