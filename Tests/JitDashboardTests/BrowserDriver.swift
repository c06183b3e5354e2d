import Foundation
import JitTestSupport

/// Headless Chromium driven by Selenium (Debian's chromium and chromium-driver, PyPI's selenium):
/// a Python script that loads each view, saves a screenshot of it, and returns what it saw as JSON.
enum BrowserDriver {
  static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Whether Chromium, its driver and Selenium are all here (.ci/run installs them).
  static var available: Bool {
    guard chromium != nil, driver != nil else { return false }
    let probe = try? BuiltBinary.run(
      "/usr/bin/env", ["python3", "-c", "import selenium"], in: "/",
      environment: ProcessInfo.processInfo.environment)
    return probe?.status == 0
  }

  /// Where screenshots go: `$JIT_TEST_ARTIFACTS/dashboard`, else `.build/test-artifacts/dashboard`.
  static func artifacts() throws -> String {
    let base =
      ProcessInfo.processInfo.environment["JIT_TEST_ARTIFACTS"]
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts").path
    let directory = base + "/dashboard"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
  }

  /// Runs the script with `configuration` (JSON) and returns its answer.
  static func drive(_ configuration: [String: Any], in directory: TemporaryDirectory) throws -> [String: Any]
  {
    var configuration = configuration
    configuration["chromium"] = chromium ?? ""
    configuration["driver"] = driver ?? ""
    let config = directory.file("browser.json")
    try JSONSerialization.data(withJSONObject: configuration).write(to: URL(fileURLWithPath: config))
    let script = directory.file("drive.py")
    try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
    let result = try BuiltBinary.run(
      "/usr/bin/env", ["python3", script, config], in: directory.path,
      environment: ProcessInfo.processInfo.environment)
    guard result.status == 0,
      let answer = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    else {
      throw HarnessError("the browser script failed (\(result.status)): \(result.stderr)\n\(result.stdout)")
    }
    return answer
  }

  static let script = #"""
    import json, os, subprocess, sys, time
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    cfg = json.load(open(sys.argv[1]))
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1500,1100", "--hide-scrollbars"]:
        options.add_argument(argument)
    options.binary_location = cfg["chromium"]
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(cfg["driver"]), options=options)
    driver.set_page_load_timeout(30)

    def wait(predicate, timeout):
        end = time.time() + timeout
        while time.time() < end:
            try:
                value = predicate()
                if value:
                    return value
            except Exception:
                pass
            time.sleep(0.05)
        return None

    def live():
        return wait(lambda: driver.find_element(By.ID, "live").text.startswith("live"), 10)

    def shoot(name):
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1500, max(700, min(int(height) + 20, 4000)))
        driver.save_screenshot(os.path.join(cfg["shots"], name + ".png"))
        driver.set_window_size(1500, 1100)

    def dialogs():
        try:
            alert = driver.switch_to.alert
            text = alert.text
            alert.dismiss()
            return [text]
        except Exception:
            return []

    result = {"views": {}, "dialogs": [], "errors": []}
    try:
        for name, path in cfg["views"]:
            driver.get(cfg["base"] + path)
            connected = live()
            result["dialogs"] += dialogs()
            shoot(name)
            result["views"][name] = {
                "text": driver.find_element(By.TAG_NAME, "main").text,
                "title": driver.title,
                "live": bool(connected),
                "svg": len(driver.find_elements(By.CSS_SELECTOR, "main svg g.node")),
            }
        for entry in driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                result["errors"].append(entry.get("message", ""))
        if cfg.get("jit"):
            env = dict(os.environ, **cfg["env"])
            driver.get(cfg["base"] + "/")
            live()
            driver.execute_script("window.__sameDocument = 'yes'")
            started = time.time()
            made = subprocess.run([cfg["jit"], "issue", "create", "--title", "Arrives live", "--json"],
                                  cwd=cfg["repo"], env=env, capture_output=True, text=True)
            new = json.loads(made.stdout)["id"]
            ready = wait(lambda: driver.find_elements(By.CSS_SELECTOR,
                                                      'section[data-state="ready"] #card-' + new), 20)
            created = time.time() - started
            shoot("board-created-live")
            started = time.time()
            subprocess.run([cfg["jit"], "issue", "claim", new, "--to", "agent:live"],
                           cwd=cfg["repo"], env=env, capture_output=True, text=True)
            moved = wait(lambda: driver.find_elements(By.CSS_SELECTOR,
                                                      'section[data-state="in_progress"] #card-' + new), 20)
            claimed = time.time() - started
            shoot("board-claimed-live")
            result["live"] = {
                "id": new, "appeared": bool(ready), "moved": bool(moved),
                "created_seconds": round(created, 3), "claimed_seconds": round(claimed, 3),
                "same_document": driver.execute_script("return window.__sameDocument || ''"),
                "updates": driver.execute_script("return document.body.getAttribute('data-updates') || '0'"),
            }
    finally:
        driver.quit()
    print(json.dumps(result))
    """#
}
