// Probes of profiler/command/redact: each shape a secret takes in an agent's command line, with
// two different secrets. The secret must be gone, the command must stay readable (its program
// kept), and the signature must not depend on the secret, so runs with different secrets (or
// none) are learned together.
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"

namespace bgprof {
namespace {

struct Probe {
  std::string_view command;  // `{}` stands for the secret
  std::string_view keep;     // must survive redaction: the program and what makes it readable
  std::string_view secret_a = "Zq8xW3vN5mK2";
  std::string_view secret_b = "hunter2";
  // The same work spelled without the secret, when there is one: same signature.
  std::string_view secret_free = "";
};

std::string Fill(std::string_view command, std::string_view secret) {
  std::string out;
  for (size_t i = 0; i < command.size(); ++i) {
    if (command.substr(i, 2) == "{}") {
      out.append(secret);
      ++i;
    } else {
      out.push_back(command[i]);
    }
  }
  return out;
}

constexpr std::string_view kHex40 = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
constexpr std::string_view kHex40b = "f1e2d3c4b5a69788796a5b4c3d2e1f0011223344";
constexpr std::string_view kGhpA = "ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxx";
constexpr std::string_view kGhpB = "ghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo";

const std::vector<Probe>& Probes() {
  static const std::vector<Probe> probes = {
      // The leaks.
      {"mysql -e \"select 1; select 2\" -p{} app", "mysql -e \"select 1; select 2\" -p"},
      {"mysql -u root -p{} app", "mysql -u root -p", "Zq8xW3vN5mK2", "hunter2"},
      {"mysqldump -uroot -p{} --all-databases | gzip > all.sql.gz", "mysqldump -uroot"},
      {"echo {} | sudo -S apt-get update", "sudo -S apt-get update"},
      {"echo '{}' | sudo -S -k whoami", "sudo -S -k whoami"},
      {"printf '%s\\n' {} | sudo -S systemctl restart nginx", "sudo -S systemctl restart"},
      {"sudo -S systemctl restart nginx <<< {}", "sudo -S systemctl restart nginx <<<"},
      {"sudo -S <<< '{}' ls /root", "sudo -S <<<"},
      {"git clone https://{}@github.com/org/repo.git", "git clone https://", kHex40, kHex40b},
      {"git push https://{}@github.com/org/repo.git main", "git push https://", kGhpA, kGhpB},
      {"curl -X POST -d '{\"text\":\"hi\"}' "
       "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/{}",
       "https://hooks.slack.com/services/", "XyZ123abcDEF456ghiJKL789", "Qw9Er8Ty7Ui6Op5As4Df3Gh2"},
      {"curl -H 'Content-Type: application/json' -d '{\"content\":\"x\"}' "
       "https://discord.com/api/webhooks/123456789012345678/{}",
       "https://discord.com/api/webhooks/",
       "aBcD1234eFgH5678iJkL9012mNoP3456qRsT7890uVwX_yZ-abcdefGHIJKLmnopqr",
       "Zz0Yy9Xx8Ww7Vv6Uu5Tt4Ss3Rr2Qq1Pp0Oo9Nn8Mm7Ll6Kk5Jj4Ii3Hh2Gg1Ff0Ee"},
      {"vault login {}", "vault login", "hvs.CAESIJ3x9Qk2LmN4pR7sT1vWyZ",
       "hvs.AbCdEfGhIjKlMnOpQrStUvWx12"},
      {"vault login token={}", "vault login token=", "hvs.CAESIJ3x9Qk2LmN4pR7sT1vWyZ"},
      {"htpasswd -b /etc/nginx/.htpasswd admin {}", "htpasswd -b /etc/nginx/.htpasswd admin"},
      {"htpasswd -nbB admin {}", "htpasswd -nbB admin"},
      {"echo 'admin:{}' | chpasswd", "'admin:", "Zq8xW3vN5mK2", "hunter2"},
      {"echo \"root:{}\" | sudo chpasswd", "sudo chpasswd"},
      {"chpasswd <<< 'deploy:{}'", "chpasswd <<< 'deploy:"},
      {"openssl enc -aes-256-cbc -k {} -in a.txt -out a.enc", "openssl enc -aes-256-cbc -k"},
      {"openssl enc -d -aes256 -pass pass:{} -in a.enc", "-pass pass:"},
      {"zip -P {} secret.zip notes.txt", "zip -P"},
      {"unzip -P {} secret.zip", "unzip -P"},
      {"7z a -p{} backup.7z docs/", "7z a -p"},
      {"7z x -p{} backup.7z", "7z x -p"},
      {"curl -b \"sessionid={}\" https://example.com/api", "curl -b \"sessionid="},
      {"curl --cookie 'sessionid={}; csrftoken=abc' https://example.com", "curl --cookie"},
      {"curl -b sessionid={} https://example.com", "curl -b sessionid="},
      {"docker login --password-stdin -u bob ghcr.io <<< {}", "docker login --password-stdin"},
      {"echo {} | docker login --password-stdin -u bob ghcr.io", "docker login --password-stdin"},
      {"printf '%s' {} | docker login -u bob --password-stdin ghcr.io", "docker login -u bob"},
      {"docker login ghcr.io -u bob --password-stdin <<EOF\n{}\nEOF", "docker login ghcr.io"},
      {"cat <<EOF | docker login --password-stdin -u bob\n{}\nEOF", "docker login"},
      // Assignments with secret-like names.
      {"export GITHUB_TOKEN={}", "export GITHUB_TOKEN="},
      {"env DB_PASSWORD={} ./migrate.sh", "env DB_PASSWORD=", "Zq8xW3vN5mK2", "hunter2",
       "./migrate.sh"},
      {"API_SECRET={} npm start", "npm start", "Zq8xW3vN5mK2", "hunter2", "npm start"},
      {"STRIPE_KEY={} node server.js", "node server.js", "Zq8xW3vN5mK2", "hunter2",
       "node server.js"},
      {"export AWS_SECRET_ACCESS_KEY=\"{}\"", "export AWS_SECRET_ACCESS_KEY="},
      {"DEPLOY_CREDENTIALS={} ./deploy.sh", "./deploy.sh"},
      {"declare -x SERVICE_PASS={}", "declare -x SERVICE_PASS="},
      {"PGPASSWORD={} psql -h db -U app -c 'select 1'", "psql -h db -U app", "Zq8xW3vN5mK2",
       "hunter2", "psql -h db -U app -c 'select 1'"},
      {"MYSQL_PWD={} mysql -u root app", "mysql -u root app", "Zq8xW3vN5mK2", "hunter2",
       "mysql -u root app"},
      // Headers.
      {"curl -H \"Authorization: Bearer {}\" https://api.example.com/v1/me",
       "Authorization: Bearer"},
      {"curl -H 'Authorization: token {}' https://api.github.com/user", "Authorization: token",
       kGhpA, kGhpB},
      {"curl --header=\"Authorization: Bearer {}\" https://api.example.com", "--header="},
      {"curl -H'Authorization: Bearer {}' https://api.example.com", "curl -H'Authorization"},
      {"curl -H \"Cookie: session={}; theme=dark\" https://example.com", "Cookie: session="},
      {"wget --header=\"Cookie: sid={}\" https://example.com/f", "wget --header=\"Cookie: sid="},
      {"http GET https://api.example.com 'Authorization:Bearer {}'", "http GET"},
      {"curl -H \"X-Api-Key: {}\" https://api.example.com", "X-Api-Key:"},
      {"curl --header \"PRIVATE-TOKEN: {}\" https://gitlab.com/api/v4/projects", "PRIVATE-TOKEN"},
      // Password flags.
      {"mysql --password={} app", "mysql --password="},
      {"mysql -h db -u root --password=\"{}\" -e \"show tables\"", "mysql -h db -u root"},
      {"argocd login cd.example.com --username admin --password {}", "argocd login"},
      {"sshpass -p {} ssh deploy@host uptime", "sshpass -p"},
      {"sshpass -p'{}' ssh deploy@host", "sshpass -p'"},
      {"redis-cli -h cache -a {} ping", "redis-cli -h cache -a"},
      {"redis-cli --pass {} ping", "redis-cli --pass"},
      {"mongosh --username app --password {} app", "mongosh --username app --password"},
      {"ldapsearch -x -D cn=admin,dc=ex -w {} -b dc=ex", "ldapsearch -x"},
      {"docker login -u bob -p {} ghcr.io", "docker login -u bob -p"},
      {"az login -u bob@example.com -p {}", "az login"},
      {"az login --service-principal -u app -p {} --tenant t", "az login --service-principal"},
      {"twine upload -u __token__ -p {} dist/*", "twine upload"},
      {"smbclient //srv/share -U 'bob%{}'", "smbclient //srv/share -U 'bob%"},
      {"sqlcmd -S db -U sa -P {} -Q \"select 1\"", "sqlcmd -S db -U sa -P"},
      {"wget --user=bob --password={} https://example.com/f", "wget --user=bob --password="},
      {"svn checkout --username bob --password {} https://svn.example.com/r", "svn checkout"},
      {"nmcli dev wifi connect HomeNet password {}", "nmcli dev wifi connect HomeNet password"},
      {"gpg --batch --passphrase {} -d notes.gpg", "gpg --batch --passphrase"},
      {"echo {} | gpg --batch --passphrase-fd 0 -d notes.gpg", "gpg --batch --passphrase-fd 0"},
      {"keytool -list -keystore k.jks -storepass {}", "keytool -list"},
      {"java -Djavax.net.ssl.keyStorePassword={} -jar app.jar", "java -Djavax"},
      {"ssh-keygen -t ed25519 -N {} -f key", "ssh-keygen -t ed25519 -N"},
      {"ssh-keygen -p -P {} -N newpass99 -f key", "ssh-keygen -p -P"},
      {"openssl pkcs12 -in c.p12 -passin pass:{} -nokeys", "-passin pass:"},
      {"openssl rsa -in k.pem -passout pass:{} -out k2.pem", "-passout pass:"},
      {"aws configure set aws_secret_access_key {}", "aws configure set aws_secret_access_key"},
      {"aws-vault-tool --secret-access-key {} --region eu-west-1", "--secret-access-key"},
      {"gcloud storage ls --access-token {}", "gcloud storage ls --access-token"},
      {"npm config set //registry.npmjs.org/:_authToken {}", "npm config set"},
      {"npm config set //registry.npmjs.org/:_authToken={}", "npm config set"},
      {"git config --global user.password {}", "git config --global user.password"},
      {"kubectl create secret generic db --from-literal=password={}", "--from-literal=password="},
      {"kubectl create secret generic db --from-literal api-token={}", "--from-literal api-token="},
      {"kubectl create secret docker-registry r --docker-password={}", "--docker-password="},
      {"helm install app ./chart --set postgresql.auth.password={}", "helm install app ./chart"},
      {"helm upgrade app . --set-string secrets.apiKey={}", "helm upgrade app ."},
      {"gh secret set NPM_TOKEN --body {} --repo o/r", "gh secret set NPM_TOKEN --body"},
      {"gh secret set NPM_TOKEN <<< {}", "gh secret set NPM_TOKEN"},
      {"echo {} | gh secret set NPM_TOKEN", "gh secret set NPM_TOKEN"},
      {"gh auth login --with-token <<< {}", "gh auth login --with-token", kGhpA, kGhpB},
      {"echo {} | gh auth login --with-token", "gh auth login --with-token"},
      {"echo {} | passwd --stdin bob", "passwd --stdin bob"},
      {"echo {} | npx wrangler secret put API_KEY", "wrangler secret put API_KEY"},
      // URLs and query strings.
      {"git clone https://bob:{}@github.com/o/r.git", "git clone https://bob:"},
      {"git push https://x-access-token:{}@github.com/o/r.git", "x-access-token:"},
      {"psql postgresql://app:{}@db.internal:5432/app", "psql postgresql://app:"},
      {"redis-cli -u redis://:{}@localhost:6379 ping", "redis-cli -u redis://:"},
      {"curl 'https://api.example.com/v1?api_key={}&q=1'", "curl 'https://api.example.com/v1?"},
      {"curl -d 'client_secret={}&grant_type=client_credentials' https://x/token", "curl -d"},
      {"curl -d '{\"user\":\"bob\",\"password\":\"{}\"}' https://x/login", "\"password\":\""},
      {"curl https://api.telegram.org/bot{}/sendMessage", "https://api.telegram.org/bot",
       "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
       "987654321:ZZHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"},
      // Token shapes.
      {"echo {}", "echo", kGhpA, kGhpB},
      {"echo {} > .token", "echo",
       "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
       "github_pat_22ZYXWVUT9876543210_zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQ"},
      {"python run.py {}", "python run.py", "sk-proj-aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z",
       "sk-ant-api03-Zq3xY7wVb2NcM9kLpR5tHs8dJf1gA4"},
      {"aws configure set aws_access_key_id {}", "aws configure set", "AKIAIOSFODNN7EXAMPLE",
       "AKIAJ7Q3ZB5EXAMPLE22"},
      {"curl -d token={} https://slack.com/api/auth.test", "curl -d token=",
       "xoxb-123456789012-1234567890123-abcDEF", "xoxp-210987654321-3210987654321-fedCBA"},
      {"curl -H \"X-Token: {}\" https://x", "curl",
       "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N",
       "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.Zm9vYmFyYmF6cXV4MTIzNDU2"},
      // Here-documents, nested commands, credential helpers.
      {"cat > .env <<EOF\nDB_PASSWORD={}\nDEBUG=1\nEOF", "cat > .env <<EOF"},
      {"cat <<EOF | kubectl apply -f -\nstringData:\n  password: {}\nEOF", "kubectl apply -f -"},
      {"git credential approve <<EOF\nprotocol=https\nhost=github.com\nusername=bob\n"
       "password={}\nEOF",
       "git credential approve"},
      {"printf 'protocol=https\\nhost=github.com\\nusername=bob\\npassword={}\\n' | git credential "
       "approve",
       "git credential approve"},
      {"git -c credential.helper='!f() { echo \"password={}\"; }; f' push", "git -c"},
      {"echo \"machine github.com login bob password {}\" >> ~/.netrc", ">> ~/.netrc"},
      {"cat >> ~/.netrc <<EOF\nmachine github.com\nlogin bob\npassword {}\nEOF",
       "machine github.com"},
      {"bash -c \"mysql -uroot -p{} -e 'show databases'\"", "bash -c \"mysql -uroot -p"},
      {"ssh host \"echo {} | sudo -S reboot\"", "ssh host"},
      {"docker exec db sh -c 'mysql -p{} app'", "docker exec db sh -c 'mysql -p"},
      {"X=$(echo {} | sudo -S cat /etc/shadow)", "sudo -S cat /etc/shadow"},
      {"terraform apply -var 'db_password={}'", "terraform apply -var"},
      {"docker run -e POSTGRES_PASSWORD={} postgres:16", "docker run -e POSTGRES_PASSWORD="},
      {"psql \"host=db user=app password={} dbname=app\"", "psql \"host=db user=app password="},
      {"ansible-playbook site.yml -e \"ansible_become_pass={}\"", "ansible-playbook site.yml"},
      {"curl -H \"Authorization: Basic $(echo -n bob:{} | base64)\" https://x", "base64"},
  };
  return probes;
}

TEST(RedactProbes, SecretsAreGoneAndTheCommandStaysReadable) {
  size_t leaks = 0;
  for (const Probe& p : Probes()) {
    for (std::string_view secret : {p.secret_a, p.secret_b}) {
      const std::string command = Fill(p.command, secret);
      const std::string redacted = RedactSecrets(command);
      SCOPED_TRACE(command);
      if (redacted.find(secret) != std::string::npos) ++leaks;
      EXPECT_EQ(redacted.find(secret), std::string::npos) << redacted;
      EXPECT_NE(redacted.find(p.keep), std::string::npos) << redacted;
      EXPECT_NE(redacted.find("REDACTED"), std::string::npos) << redacted;
      EXPECT_EQ(RedactSecrets(redacted), redacted) << "not idempotent";
    }
  }
  EXPECT_GE(Probes().size(), 60u);
  EXPECT_EQ(leaks, 0u);
}

TEST(RedactProbes, SignaturesDoNotDependOnTheSecret) {
  for (const Probe& p : Probes()) {
    const std::string a = RedactSecrets(Fill(p.command, p.secret_a));
    const std::string b = RedactSecrets(Fill(p.command, p.secret_b));
    SCOPED_TRACE(a);
    const Signature sa = SignatureOf(a);
    const Signature sb = SignatureOf(b);
    EXPECT_EQ(sa.command, sb.command);
    EXPECT_EQ(sa.family, sb.family);
    EXPECT_EQ(sa.program, sb.program);
    if (!p.secret_free.empty()) {
      const Signature free = SignatureOf(RedactSecrets(p.secret_free));
      EXPECT_EQ(sa.command, free.command);
      EXPECT_EQ(sa.family, free.family);
    }
  }
}

}  // namespace
}  // namespace bgprof
