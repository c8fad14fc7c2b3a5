using VideoCallApp.Blazor;
using VideoCallApp.Blazor.Components;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.Configure<SampleCredentials>(builder.Configuration.GetSection("Vonage"));

var credentials = builder.Configuration.GetSection("Vonage").Get<SampleCredentials>() ?? new SampleCredentials();
builder.Services.AddPublishKitWeb(options =>
{
    options.ApiKey = credentials.UsesPlaceholders ? SampleCredentials.PlaceholderApiKey : credentials.ApiKey;
    options.SessionId = credentials.UsesPlaceholders ? SampleCredentials.PlaceholderSessionId : credentials.SessionId;
    builder.Configuration.GetSection("PublishKitWeb").Bind(options.Adapter);
});

// --PublishKit:ConnectTimeout=00:00:05 --PublishKit:Retry:MaxRetryAttempts=1, and so on.
builder.Services.AddPublishKit(options => builder.Configuration.GetSection("PublishKit").Bind(options));

var app = builder.Build();

app.UseStaticFiles();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
